"""Which language to answer in: detection, stickiness and explicit choice."""
