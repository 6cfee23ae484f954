"""The product's front door: `qbo_sandbox.testing` starts the sandbox's container image from a test."""
