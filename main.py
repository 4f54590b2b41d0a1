"""Entry point: hands the command line to game.cli.main()."""

import sys

from game.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
