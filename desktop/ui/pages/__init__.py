"""The pages of the main window besides the register pages."""
