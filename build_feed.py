#!/usr/bin/env python3
"""Write the show's podcast feed without building the site.

    python build_feed.py                  # writes site/feed.xml
    python build_feed.py --output feed.xml

Same code path as `mkdocs build` (podsite's loader and feed writer), so the bytes are identical to the site's
feed.xml.
"""

import sys

from podsite.cli.commands import main

if __name__ == "__main__":
    sys.exit(main(["feed", *sys.argv[1:]]))
