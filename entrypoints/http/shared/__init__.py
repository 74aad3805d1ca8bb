"""HTTP pieces every context's routes use: auth, errors, schemas, the body-size limit."""
