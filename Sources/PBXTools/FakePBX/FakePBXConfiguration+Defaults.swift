import PBXProtocol

extension FakePBXConfiguration {
    /// The seed managers' PBX accounts (SeedData/demo.json), and two that no manager maps to.
    public static let defaultAccounts: [PBXAccount] = [
        PBXAccount(name: "ivanov", realName: "Иван Иванов", ext: "101", telnum: "74951234501", email: "ivanov@example.com"),
        PBXAccount(name: "smirnova", realName: "Анна Смирнова", ext: "102", telnum: "74951234502", email: "smirnova@example.com"),
        PBXAccount(name: "petrova", realName: "Мария Петрова", ext: "103", telnum: "74951234503", email: "petrova@example.com"),
        PBXAccount(name: "kozlov", realName: "Дмитрий Козлов", ext: "104", telnum: "74951234504", email: "kozlov@example.com"),
        PBXAccount(name: "volkova", realName: "Елена Волкова", ext: "105", telnum: "74951234505", email: "volkova@example.com"),
        PBXAccount(name: "reception", realName: "Ресепшн", ext: "100", telnum: "74951234500"),
        PBXAccount(name: "meeting", realName: "Переговорная", ext: "110"),
    ]

    public static let defaultGroups: [PBXGroup] = [
        PBXGroup(name: "sales", realName: "Отдел продаж", ext: "200"),
        PBXGroup(name: "support", realName: "Поддержка", ext: "300"),
    ]

    public static let defaultGroupMembers: [String: [String]] = [
        "sales": ["ivanov", "smirnova", "petrova"],
        "support": ["kozlov", "volkova"],
    ]
}
