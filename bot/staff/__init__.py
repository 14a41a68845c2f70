"""The staff's tools: the `bot` command line, the content tools, training and the evaluate gate."""
