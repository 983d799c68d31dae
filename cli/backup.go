package cli

func init() {
	register(&command{noun: "backup", maxArgs: 0, summary: "a consistent copy of the database to stdout (owner only)", run: runBackup})
}

// runBackup writes the raw database; redirect it to a file:
// ssh … backup --ws team > behalf-backup.db
func runBackup(c *call) error {
	if c.json {
		return usagef(c.cmd, "backup writes the database itself; it has no JSON form")
	}
	_, err := c.env.Service.Backup(c.who, c.env.Stdout)
	return err
}
