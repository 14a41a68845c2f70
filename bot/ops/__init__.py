"""Starting and keeping the servers: `make run`'s launcher, the cluster, the widget server, the retention job."""
