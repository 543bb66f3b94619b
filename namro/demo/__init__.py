"""The Hà Nội demo story: its loader and the `demo` command."""
