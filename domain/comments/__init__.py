"""Comments: what readers write under an article, removable by their author."""
