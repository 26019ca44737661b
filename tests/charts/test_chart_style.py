"""The house chart style: contrast on white, and colours told apart despite colour blindness."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from newsroom.charts.style import (
    HOUSE_ACCENT,
    HOUSE_MUTED,
    HOUSE_PALETTE,
    HOUSE_PRIMARY,
    HOUSE_TEXT,
)

# Machado, Oliveira & Fernandes (2009), severity 1.0, applied to linear RGB.
DEFICIENCIES = {
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                   [-0.003882, -0.048116, 1.051998]],
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                     [-0.011820, 0.042940, 0.968881]],
    "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
                   [0.004733, 0.691367, 0.303900]],
}  # fmt: skip


def linear_rgb(colour: str) -> np.ndarray:
    channels = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)]) / 255
    return np.where(channels <= 0.04045, channels / 12.92, ((channels + 0.055) / 1.055) ** 2.4)


def contrast_on_white(colour: str) -> float:
    luminance = float(np.dot([0.2126, 0.7152, 0.0722], linear_rgb(colour)))
    return 1.05 / (luminance + 0.05)


def lab(rgb: np.ndarray) -> np.ndarray:
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    t = (xyz @ np.clip(rgb, 0, 1)) / np.array([0.95047, 1.0, 1.08883])
    f = np.where(t > 0.008856, np.cbrt(t), 7.787 * t + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def test_contrast_ratios_reference_values() -> None:
    assert contrast_on_white("#000000") == pytest.approx(21.0)
    assert contrast_on_white("#767676") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("colour", [*HOUSE_PALETTE, HOUSE_PRIMARY, HOUSE_ACCENT, HOUSE_MUTED])
def test_marks_have_3_to_1_contrast(colour: str) -> None:
    assert contrast_on_white(colour) >= 3.0


@pytest.mark.parametrize("colour", [HOUSE_TEXT, HOUSE_ACCENT, HOUSE_MUTED])
def test_text_colours_have_4_5_to_1_contrast(colour: str) -> None:
    assert contrast_on_white(colour) >= 4.5


@pytest.mark.parametrize("deficiency", [None, *DEFICIENCIES])
def test_palette_colours_stay_distinguishable(deficiency: str | None) -> None:
    matrix = np.eye(3) if deficiency is None else np.array(DEFICIENCIES[deficiency])
    for first, second in itertools.combinations(HOUSE_PALETTE, 2):
        distance = np.linalg.norm(
            lab(matrix @ linear_rgb(first)) - lab(matrix @ linear_rgb(second))
        )
        assert distance >= 30, (deficiency, first, second, distance)
