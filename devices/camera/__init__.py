"""The simulated counter camera: still photos played as a stream of frames (see README.md)."""
