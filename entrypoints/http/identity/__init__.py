"""HTTP routes of the identity context: /users, /users/login, /user."""
