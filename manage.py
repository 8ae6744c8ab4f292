#!/usr/bin/env python
import sys

from zwgk.cli import main

if __name__ == "__main__":
    sys.exit(main())
