package sqlstore

import "github.com/kopernik/kopernik"

// copyProfiles copies the profiles (and optionally subprofiles) of src into the
// new database, rewriting field, interest and collection references.
func (t *Tx) copyProfiles(src *kopernik.Database, newID int64, fieldMap, interestMap, collMap map[int64]int64, subprofiles bool) error {
	return nil // filled in with the profile store
}

// deleteInterestData removes an interest from every profile.
func (t *Tx) deleteInterestData(id int64) error {
	_, err := t.Exec(`DELETE FROM profile_interests WHERE interest_id = ?`, id)
	return err
}
