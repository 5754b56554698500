extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
    var nonEmpty: String? { isEmpty ? nil : self }
}
