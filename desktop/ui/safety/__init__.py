"""Keeping the data safe from the GUI, one module each: `choice` (the message box that offers a way out),
`opening` (the file checked on open and its pages once the window is up), `writer` (the one-writer lock: read-only
opening and the heartbeat), `backup_dialogs` (备份到… and 从备份恢复…) and `auto_backup` (the automatic backups).
The decisions themselves are Qt-free: `exchange.open_check`, `db.lock.WriterLock`, `exchange.backup_schedule`."""
