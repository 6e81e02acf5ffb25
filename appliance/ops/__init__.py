"""Running the appliance for years: doctor checks, backups, upgrades, logs, the systemd watchdog."""
