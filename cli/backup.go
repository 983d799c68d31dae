package cli

func init() {
	register(&command{noun: "backup", maxArgs: 0, summary: "a consistent copy of the database to stdout (owner only); --files: a tar archive with the library files too",
		flags: []flagSpec{{name: "files", kind: boolf, usage: "a tar archive of behalf.db and every library file, to unpack into an empty data folder"}},
		run:   runBackup})
}

// runBackup writes the raw database, or with --files a tar archive;
// redirect it to a file: ssh … backup --ws team > behalf-backup.db
func runBackup(c *call) error {
	if c.json {
		return usagef(c.cmd, "backup writes the database itself; it has no JSON form")
	}
	if c.flag("files") {
		return c.env.Service.BackupWithFiles(c.who, c.env.Stdout)
	}
	_, err := c.env.Service.Backup(c.who, c.env.Stdout)
	return err
}
