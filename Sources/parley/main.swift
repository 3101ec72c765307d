@preconcurrency import Glibc
import ParleyCLI

// Line by line even into a file or pipe, so long commands show progress as it happens.
setvbuf(stdout, nil, _IOLBF, 0)
ParleyMain.bootstrapLogging()
exit(await ParleyMain.run())
