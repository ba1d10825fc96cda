"""jdgen: turn a sales-leadership role library and a company's parameters into hiring documents."""

__version__ = "0.1.0"
