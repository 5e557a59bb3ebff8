"""ML1xx: Core ML will not load the model. One module per rule, named by its code and name."""
