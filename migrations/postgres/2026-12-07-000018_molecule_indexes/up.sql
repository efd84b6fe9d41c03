-- Lists of RNA or protein parts, in every order, from small partial indexes of the parts that are
-- not DNA (a few per cent of a part library). The list query repeats the index's condition
-- literally (db::parts::listed) so that both databases use them with a bound value. DNA, nearly
-- every part, walks the sort index and keeps almost every row it reads.
CREATE INDEX parts_other_molecules_created ON parts (molecule_type, created_at, id) WHERE molecule_type <> 'dna';
CREATE INDEX parts_other_molecules_name ON parts (molecule_type, name, id) WHERE molecule_type <> 'dna';
CREATE INDEX parts_other_molecules_length ON parts (molecule_type, length, id) WHERE molecule_type <> 'dna';
CREATE INDEX parts_other_molecules_accession ON parts (molecule_type, accession) WHERE molecule_type <> 'dna';
