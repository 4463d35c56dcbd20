"""What comes in: every directory entry accounted for, files read in isolated workers, each plan's figures."""
