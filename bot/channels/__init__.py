"""Channel adapters: each turns its platform's messages into router calls and back."""
