"""Monitor mode: the supervisor's live board (DESIGN §6, §8)."""
