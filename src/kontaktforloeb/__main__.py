import sys

from kontaktforloeb.cli import main

sys.exit(main())
