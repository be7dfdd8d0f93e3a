from citizen_portal.cli import main

raise SystemExit(main())
