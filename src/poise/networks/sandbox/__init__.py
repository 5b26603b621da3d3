"""The sandbox: a network that lives on this machine, for the demo and for rehearsals."""
