import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// An element as the XML reader reports it: local name, namespace URI, attributes as written
/// ("dsq:id"), and the line of its start tag.
struct XMLElementStart {
    var name: String
    var namespace: String?
    var attributes: [String: String]
    var line: Int

    /// The attribute with this local name, whatever prefix it was written with.
    func attribute(_ local: String) -> String? {
        if let value = attributes[local] { return value }
        return attributes.first { $0.key.split(separator: ":").last.map(String.init) == local }?.value
    }
}

/// What an XML format makes of the elements, in document order. `path` holds the open
/// elements from the root, the one starting or ending last; `text` is the element's own
/// character data (CDATA included), meaningful for leaf elements.
protocol XMLImportHandler: AnyObject {
    func start(_ path: [XMLElementStart]) throws(ImportError)
    func end(_ path: [XMLElementStart], text: String) throws(ImportError)
}

/// Streams a file through Foundation's XMLParser (libxml2's SAX parser: the file is never
/// held whole), stopping at the handler's first error or the first syntax error, which is
/// reported with its line and column.
enum ImportXMLReader {
    static func read(_ path: String, into handler: some XMLImportHandler) throws(ImportError) {
        guard let stream = InputStream(fileAtPath: path) else { throw ImportError("\(path) cannot be opened.") }
        let parser = XMLParser(stream: stream)
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        let delegate = Delegate(handler: handler)
        parser.delegate = delegate
        let finished = parser.parse()
        if let failure = delegate.failure { throw failure }
        // Without any element, libxml2 says "start tag expected" (4) for other content, and
        // "document end" (5) or nothing for a blank file.
        if !delegate.sawElement, let syntax = delegate.syntaxError, syntax.code == 4 {
            throw ImportError("\(path) is not XML: a start tag (\"<\") is expected at line \(syntax.line), column \(syntax.column).")
        }
        if !delegate.sawElement, delegate.syntaxError == nil || delegate.syntaxError?.code == 5 {
            throw ImportError("\(path) holds no XML element: there is nothing to import.")
        }
        if let syntax = delegate.syntaxError {
            throw ImportError("XML syntax error: \(XMLErrorText.sentence(code: syntax.code)).",
                              at: "line \(syntax.line), column \(syntax.column)")
        }
        guard finished else { throw ImportError("\(path) could not be read as XML.") }
    }

    private final class Delegate: NSObject, XMLParserDelegate {
        let handler: any XMLImportHandler
        var path: [XMLElementStart] = []
        var text = ""
        var sawElement = false
        var failure: ImportError?
        var syntaxError: (code: Int, line: Int, column: Int)?

        init(handler: any XMLImportHandler) { self.handler = handler }

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
            guard failure == nil, syntaxError == nil else { return }
            sawElement = true
            path.append(XMLElementStart(name: elementName, namespace: namespaceURI?.isEmpty == true ? nil : namespaceURI,
                                        attributes: attributeDict, line: parser.lineNumber))
            text = ""
            do throws(ImportError) { try handler.start(path) } catch { stop(parser, error) }
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            guard failure == nil, syntaxError == nil, !path.isEmpty else { return }
            do throws(ImportError) { try handler.end(path, text: text) } catch { stop(parser, error) }
            path.removeLast()
            text = ""
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) { text += String(decoding: CDATABlock, as: UTF8.self) }

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
            // libxml2 recovers and reports more errors; the first is the one to show.
            guard failure == nil, syntaxError == nil else { return }
            syntaxError = ((parseError as NSError).code, parser.lineNumber, parser.columnNumber)
            parser.abortParsing()
        }

        private func stop(_ parser: XMLParser, _ error: ImportError) {
            failure = error
            parser.abortParsing()
        }
    }
}
