"""`python -m newsroom`: the newsroom command (newsroom.cli) where its script is not on PATH."""

from newsroom.cli import main

if __name__ == "__main__":
    main(prog_name="newsroom")
