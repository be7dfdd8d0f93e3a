"""The district's web console (``/console/``): server-rendered pages over the district's figures."""
