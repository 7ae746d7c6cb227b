import QuanzeApp

/// The executable only hands over to the command line.
@main
enum Entry {
    static func main() async {
        ProcessMemory.limitArenas()
        await QuanzeCommand.main()
    }
}
