"""Run the command line as ``python -m quizgen``."""

from .cli import main

main()
