module dagger/showcase

go 1.22
