"""Bad-input corpus: register files as users really produce them, each with its exact problem."""
