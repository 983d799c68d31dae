package domain

import (
	"archive/tar"
	"io"
	"os"
	"time"
)

// BackupWithFiles streams one tar archive of the whole data a restore
// needs (owner only, R18): behalf.db, a consistent copy of the database,
// and files/sha256/…, every stored content. Contents are never removed
// while it runs (blobs.Store.Hold) and never change (they are named by
// their hash), so every file the copy of the database names is in the
// archive; a content deleted meanwhile is in it too, and is swept at the
// first start after a restore. Unpack it into an empty data folder.
func (s *Service) BackupWithFiles(who Who, w io.Writer) error {
	err := s.read(who, func(o *op) error { return o.authorize(ActBackup, Target{}) })
	if err != nil {
		return err
	}
	if s.files == nil {
		return errNoFileStore
	}
	release := s.files.Hold()
	defer release()
	db, err := s.files.TempFile("backup-*.db")
	if err != nil {
		return err
	}
	defer os.Remove(db.Name())
	defer db.Close()
	size, err := s.store.Backup(db)
	if err != nil {
		return err
	}
	if _, err := db.Seek(0, io.SeekStart); err != nil {
		return err
	}
	tw := tar.NewWriter(w)
	now := s.Now()
	if err := tarFile(tw, "behalf.db", size, now, db); err != nil {
		return err
	}
	err = s.files.Each(func(sum, path string, size int64) error {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		return tarFile(tw, "files/sha256/"+sum[:2]+"/"+sum, size, now, f)
	})
	if err != nil {
		return err
	}
	return tw.Close()
}

func tarFile(tw *tar.Writer, name string, size int64, at time.Time, r io.Reader) error {
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: size, ModTime: at, Typeflag: tar.TypeReg}); err != nil {
		return err
	}
	_, err := io.CopyN(tw, r, size)
	return err
}
