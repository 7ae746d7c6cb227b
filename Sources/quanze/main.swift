import QuanzeApp

await QuanzeCommand.main()
