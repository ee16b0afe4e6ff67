from opslog.cli.app import main

main()
