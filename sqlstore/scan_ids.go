package sqlstore

import "database/sql"

// scanIDs reads a one-column result of IDs, as QueryContext returned it
// (rows and err), and closes it. The slice is never nil, so an empty result
// prints as [] where it is answered as JSON.
func scanIDs(rows *sql.Rows, err error) ([]int64, error) {
	if err != nil {
		return nil, err
	}
	ids := []int64{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, closeRows(rows)
}
