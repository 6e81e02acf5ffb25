"""`python -m appliance` is the `textback` command."""

import sys

from appliance.cli import main

sys.exit(main())
