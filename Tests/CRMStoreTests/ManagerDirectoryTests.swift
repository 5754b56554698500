import CRMCore

@testable import CRMStore
import Testing

@Suite struct ManagerDirectoryTests {
    static let managers = [
        Manager(id: "ivanov", name: "Иван Иванов", login: "ivanov", role: .manager, pbxAccount: "ivanov", active: true),
        Manager(id: "m-2", name: "Анна Смирнова", login: "smirnova", role: .manager, pbxAccount: "Smirnova@Acme.Example", active: true),
        Manager(id: "m-3", name: "Дмитрий Козлов", login: "kozlov", role: .manager, pbxAccount: nil, active: true),
    ]

    let directory = ManagerDirectory(Self.managers)

    @Test func withoutSelfMapUserIsAManagerID() {
        #expect(directory.resolve(user: "m-2", selfMap: false)?.login == "smirnova")
        #expect(directory.resolve(user: "ivanov", selfMap: false)?.id == "ivanov")
        #expect(directory.resolve(user: "smirnova", selfMap: false) == nil)
        #expect(directory.resolve(user: "Smirnova@Acme.Example", selfMap: false) == nil)
    }

    @Test func withSelfMapUserIsAPBXAccount() {
        #expect(directory.resolve(user: "ivanov", selfMap: true)?.id == "ivanov")
        #expect(directory.resolve(user: "smirnova@acme.example", selfMap: true)?.id == "m-2")
        #expect(directory.resolve(user: "m-2", selfMap: true) == nil)
        #expect(directory.resolve(user: "m-3", selfMap: true) == nil)
    }

    @Test func accountsMatchCaseInsensitively() {
        #expect(directory.resolve(user: "IVANOV", selfMap: true)?.id == "ivanov")
        #expect(directory.resolve(user: "SMIRNOVA@ACME.EXAMPLE", selfMap: true)?.id == "m-2")
    }

    @Test func loginAtTenantResolvesToTheBareAccount() {
        #expect(directory.resolve(user: "ivanov@acme.example", selfMap: true)?.id == "ivanov")
        #expect(directory.resolve(user: "Ivanov@other.example", selfMap: true)?.id == "ivanov")
    }

    @Test func aBareLoginResolvesToALoginAtTenantAccount() {
        #expect(directory.resolve(user: "smirnova", selfMap: true)?.id == "m-2")
        #expect(directory.resolve(user: "Smirnova", selfMap: true)?.id == "m-2")
    }

    @Test func unknownUsersResolveToNobody() {
        #expect(directory.resolve(user: "petrova", selfMap: true) == nil)
        #expect(directory.resolve(user: "petrova@acme.example", selfMap: true) == nil)
        #expect(directory.resolve(user: "", selfMap: true) == nil)
    }

    @Test func replacingTheListTakesEffectAtOnce() {
        let directory = ManagerDirectory(Self.managers)
        directory.replace(with: [Manager(id: "m-9", name: "Новый", login: "new", role: .manager, pbxAccount: "ivanov", active: true)])
        #expect(directory.resolve(user: "ivanov", selfMap: true)?.id == "m-9")
        #expect(directory.manager(id: "ivanov") == nil)
        #expect(directory.manager(id: "m-9")?.name == "Новый")
    }
}
