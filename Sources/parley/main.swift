import Foundation
import ParleyCLI

ParleyMain.bootstrapLogging()
exit(await ParleyMain.run())
