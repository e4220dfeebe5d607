"""Site: the MkDocs plugin and the pages it generates."""
