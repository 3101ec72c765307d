import Foundation

/// The System V segment a postmaster names in its lock file. Every server process stays
/// attached to it until it exits, and PostgreSQL refuses to start while it is in use
/// ("pre-existing shared memory block is still in use"); this asks the same question.
enum ServerSharedMemory {
    /// PGShmemMagic, the first field of PGShmemHeader (pg_shmem.h).
    static let magic: Int32 = 679_834_894
    /// Offsets of `device` and `inode` in PGShmemHeader on 64-bit platforms: int32 magic,
    /// pid_t creatorPID, Size totalsize, Size freeoffset, dsm_handle (padded), void *index.
    static let deviceOffset = 40
    static let inodeOffset = 48

    /// Processes attached to segment `id` when it is the segment of `dataDirectory`'s server;
    /// 0 when it is gone, belongs to something else, or no one is attached.
    /// Follows PGSharedMemoryAttach and PGSharedMemoryIsInUse (sysv_shmem.c): an answer
    /// it cannot reach counts as in use.
    static func attachedProcesses(id: Int32, dataDirectory: String) -> Int {
        var info = shmid_ds()
        if shmctl(id, IPC_STAT, &info) < 0 {
            return isGoneOrForeign(errno) ? 0 : 1
        }
        var directory = stat()
        guard stat(dataDirectory, &directory) == 0 else { return max(Int(info.shm_nattch), 1) }
        guard let address = shmat(id, nil, SHM_RDONLY), address != UnsafeMutableRawPointer(bitPattern: -1) else {
            return isGoneOrForeign(errno) ? 0 : 1
        }
        defer { shmdt(address) }
        let ours = address.load(as: Int32.self) == magic
            && address.load(fromByteOffset: deviceOffset, as: UInt64.self) == UInt64(directory.st_dev)
            && address.load(fromByteOffset: inodeOffset, as: UInt64.self) == UInt64(directory.st_ino)
        // shm_nattch was read before we attached.
        return ours ? Int(info.shm_nattch) : 0
    }

    /// EINVAL: the segment no longer exists (Linux may say EIDRM); EACCES: not a segment of ours.
    private static func isGoneOrForeign(_ code: Int32) -> Bool {
        code == EINVAL || code == EIDRM || code == EACCES
    }
}
