"""Short links: create, resolve, redirect, count."""
