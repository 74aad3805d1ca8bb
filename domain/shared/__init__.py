"""The shared kernel: errors and small value types every context may use."""
