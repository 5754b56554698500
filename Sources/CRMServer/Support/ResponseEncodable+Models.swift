import CRMCore
import Hummingbird

// The domain's values are what the API answers: handlers return them, and the context's
// `APIResponseEncoder` writes them as the API's JSON.
extension Contact: ResponseGenerator, ResponseEncodable {}
extension Manager: ResponseGenerator, ResponseEncodable {}
extension Page: ResponseGenerator, ResponseEncodable where Item: Encodable {}
extension ItemList: ResponseGenerator, ResponseEncodable {}
