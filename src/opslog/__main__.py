from opslog.cli.entry import main

main()
