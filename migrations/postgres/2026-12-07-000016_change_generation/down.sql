DROP TABLE change_generation;
