"""``python -m central_ledger`` is the ``central-ledger`` command."""

import sys

from central_ledger.cli import main

sys.exit(main())
