"""Articles: what authors publish, how it is tagged and found, who favorites it."""
