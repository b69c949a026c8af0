import sys

from quality.run import main

sys.exit(main())
